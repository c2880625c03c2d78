"""The small lamp shop the attribution tests measure their logs against: an ad, a product
page that loops back to the ad, and the order, which converts with its amount as value."""

MAP = """\
version: 1
id: shop
title: Buying a lamp
channels:
  - {id: social, name: Social media}
  - {id: web, name: Website}
stages:
  - {id: discover, name: Discover}
  - {id: buy, name: Buy}
touchpoints:
  - id: sees-ad
    name: Sees an ad
    stage: discover
    channel: social
    events: ad_click
    next: views-product
  - id: views-product
    name: Views a product
    stage: discover
    channel: web
    events: product_viewed
    next: [order-placed, sees-ad]
  - id: order-placed
    name: Places the order
    stage: buy
    channel: web
    events: order_placed
    end: true
analytics:
  conversion: order-placed
  columns:
    value: amount
"""
